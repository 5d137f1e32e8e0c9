import { formatVnd } from "~/domain/money";
import { parseTimeline } from "~/domain/timeline";
import type { ProposalAction, ProposalStatus, RegulationType } from "~/domain/vocabulary";
import type { SeedAgency } from "./agencies";
import type { DecisionSpec } from "./decisions";
import { citableBy } from "./documents";
import { MINISTRIES, type MinistryProfile } from "./ministries";
import type { Random } from "./random";
import type { ProposalSpec } from "./specs";

// Generated proposals: titles, texts, costs and statuses drawn from each ministry's vocabulary.

/** Ministries' reorganization took effect on this day; later plans cite inherited documents. */
export const REORGANIZED_ON = "2025-03-01";

/**
 * Statuses of the active agencies' generated proposals, dealt from a shuffled deck so the demo
 * as a whole has about 15% drafts, 15% submitted, 5% returned, 5% rejected, 3% withdrawn and
 * the rest approved.
 */
const STATUS_SHARES: readonly (readonly [ProposalStatus, number])[] = [
  ["draft", 0.18],
  ["submitted", 0.16],
  ["returned", 0.06],
  ["rejected", 0.045],
  ["withdrawn", 0.03],
];
// An agency that no longer exists has no open cases of its own left.
const CLOSED_STATUS_WEIGHTS: readonly (readonly [ProposalStatus, number])[] = [
  ["approved", 85],
  ["rejected", 10],
  ["withdrawn", 5],
];

const TYPE_WEIGHTS: readonly (readonly [RegulationType, number])[] = [
  ["administrative_procedure", 40],
  ["business_condition", 20],
  ["reporting_regime", 12],
  ["specialized_inspection", 10],
  ["technical_standard", 8],
  ["other", 10],
];

const ACTION_WEIGHTS: Record<RegulationType, readonly (readonly [ProposalAction, number])[]> = {
  administrative_procedure: [["simplify", 40], ["decentralize", 20], ["abolish", 15], ["amend", 15], ["replace", 10]],
  business_condition: [["abolish", 35], ["amend", 35], ["simplify", 15], ["replace", 15]],
  reporting_regime: [["simplify", 45], ["abolish", 35], ["amend", 10], ["replace", 10]],
  specialized_inspection: [["simplify", 45], ["replace", 25], ["abolish", 20], ["amend", 10]],
  technical_standard: [["amend", 40], ["replace", 40], ["abolish", 20]],
  other: [["amend", 35], ["abolish", 25], ["simplify", 25], ["replace", 15]],
};

/** Annual compliance cost before, in VND: [lowest, highest] by regulation type. */
const COST_RANGE: Record<RegulationType, readonly [number, number]> = {
  administrative_procedure: [200_000_000, 20_000_000_000],
  business_condition: [1_000_000_000, 50_000_000_000],
  reporting_regime: [20_000_000, 3_000_000_000],
  specialized_inspection: [1_000_000_000, 50_000_000_000],
  technical_standard: [500_000_000, 20_000_000_000],
  other: [20_000_000, 2_000_000_000],
};

/** Share of the cost left after the change: [lowest, highest] by action. */
const COST_LEFT: Record<ProposalAction, readonly [number, number]> = {
  abolish: [0, 0.1],
  simplify: [0.3, 0.75],
  amend: [0.5, 0.9],
  replace: [0.2, 0.6],
  decentralize: [0.6, 0.9],
};

const FREQUENCIES = ["định kỳ hằng tháng", "định kỳ hằng quý", "định kỳ 6 tháng", "hằng năm"];
const PAPERS = [
  "bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp",
  "bản sao có chứng thực văn bằng, chứng chỉ",
  "giấy xác nhận của Ủy ban nhân dân cấp xã",
  "bản sao hợp đồng lao động của nhân sự chuyên môn",
  "sơ đồ mặt bằng có xác nhận của đơn vị tư vấn",
];
const ROMAN = ["I", "II", "III", "IV"];

const DIRECTIONS: Record<RegulationType, string[]> = {
  administrative_procedure: [
    "quy định rõ thành phần hồ sơ và thời hạn giải quyết",
    "thống nhất một đầu mối tiếp nhận và trả kết quả",
    "cho phép nộp hồ sơ tại bất kỳ điểm tiếp nhận nào trên toàn quốc",
  ],
  business_condition: [
    "lượng hóa tiêu chí, bỏ các yêu cầu định tính khó xác định",
    "giảm yêu cầu kinh nghiệm từ 5 năm xuống 2 năm",
    "chỉ áp dụng đối với cơ sở có quy mô lớn",
  ],
  reporting_regime: ["thống nhất chỉ tiêu báo cáo với Hệ thống thông tin báo cáo quốc gia", "gộp các báo cáo chuyên đề vào báo cáo định kỳ"],
  specialized_inspection: ["áp dụng quản lý rủi ro, giảm tỷ lệ lô hàng phải kiểm tra", "công nhận kết quả kiểm tra của cơ quan có thẩm quyền nước xuất khẩu"],
  technical_standard: ["hài hòa với tiêu chuẩn quốc tế (ISO, IEC, Codex)", "bỏ các chỉ tiêu không còn phù hợp với công nghệ hiện nay"],
  other: ["bảo đảm thống nhất với Luật Doanh nghiệp năm 2020", "làm rõ trách nhiệm của cơ quan quản lý và của doanh nghiệp"],
};

const REPLACEMENTS: Record<RegulationType, string> = {
  administrative_procedure: "Thay thế thủ tục cấp phép bằng cơ chế đăng ký trực tuyến và hậu kiểm",
  business_condition: "Thay thế điều kiện tiền kiểm bằng yêu cầu doanh nghiệp tự công bố đáp ứng và chịu trách nhiệm",
  reporting_regime: "Thay thế báo cáo bằng văn bản giấy bằng kết nối, chia sẻ dữ liệu tự động với hệ thống của cơ quan quản lý",
  specialized_inspection: "Thay thế kiểm tra từng lô hàng bằng chứng nhận hợp quy theo phương thức đánh giá quá trình sản xuất",
  technical_standard: "Thay thế quy chuẩn hiện hành bằng quy chuẩn mới hài hòa với tiêu chuẩn quốc tế",
  other: "Thay thế yêu cầu xác nhận của Ủy ban nhân dân cấp xã bằng khai thác Cơ sở dữ liệu quốc gia về dân cư",
};

const RATIONALES: Record<ProposalAction, string[]> = {
  abolish: [
    "Quy định không còn cần thiết cho công tác quản lý nhà nước",
    "Thông tin đã có trong cơ sở dữ liệu quốc gia",
    "Trùng lặp với quy định tại văn bản khác",
    "Hạn chế gia nhập thị trường, không tương xứng với rủi ro cần kiểm soát",
  ],
  simplify: [
    "Giảm thời gian, chi phí đi lại cho người dân, doanh nghiệp",
    "Tái sử dụng dữ liệu đã có, không yêu cầu cung cấp lại",
    "Phù hợp với chủ trương chuyển đổi số",
    "Giảm chi phí tuân thủ mà vẫn bảo đảm mục tiêu quản lý",
  ],
  amend: [
    "Quy định chưa rõ ràng, khó thực hiện",
    "Bảo đảm thống nhất với văn bản cấp trên mới ban hành",
    "Yêu cầu cao hơn mức cần thiết để bảo đảm mục tiêu quản lý",
  ],
  replace: [
    "Chuyển từ tiền kiểm sang hậu kiểm",
    "Hài hòa với thông lệ quốc tế và cam kết trong các hiệp định thương mại tự do",
    "Quy định hiện hành đã lạc hậu so với công nghệ",
  ],
  decentralize: ["Cơ quan địa phương nắm sát tình hình, giải quyết nhanh hơn", "Giảm tải cho cơ quan trung ương", "Gần người dân, doanh nghiệp hơn"],
};

const RETURN_REASONS = [
  "Đề nghị làm rõ căn cứ tính chi phí tuân thủ trước và sau khi cắt giảm",
  "Đề nghị bổ sung đánh giá tác động đối với công tác quản lý nhà nước",
  "Chưa xác định văn bản, điều khoản cần sửa đổi để thực thi phương án",
  "Đề nghị thống nhất với các bộ liên quan trước khi gửi lại",
];
const REJECT_REASONS = [
  "Quy định cần thiết để bảo đảm an ninh, an toàn; không đồng ý bãi bỏ",
  "Trùng với phương án đã được phê duyệt trước đó",
  "Chưa đủ căn cứ đánh giá tác động; không đưa vào phương án năm nay",
  "Nội dung thuộc phạm vi dự án luật đang được Quốc hội xem xét",
];
const WITHDRAW_REASONS = [
  "Bộ rút đề xuất để tích hợp vào phương án chung của bộ",
  "Quy định đã được sửa đổi tại văn bản mới ban hành",
  "Rút để rà soát lại phạm vi áp dụng",
];

interface Subject {
  type: RegulationType;
  title: string;
  /** The licence, condition, report or goods the proposal is about. */
  matter: string;
  who: string;
  frequency: string;
}

function availableTypes(profile: MinistryProfile): (readonly [RegulationType, number])[] {
  return TYPE_WEIGHTS.filter(([type]) => {
    if (type === "specialized_inspection") return profile.goods.length > 0;
    if (type === "technical_standard") return profile.standards.length > 0 || profile.goods.length > 0;
    return true;
  });
}

function subjectFor(rng: Random, profile: MinistryProfile, type: RegulationType): Subject {
  const [licence, holders] = rng.pick(profile.licences);
  const [condition, bound] = rng.pick(profile.conditions);
  const who = rng.pick(holders);
  const frequency = rng.pick(FREQUENCIES);
  switch (type) {
    case "administrative_procedure": {
      const verb = rng.pick(["Cấp", "Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn"]);
      return { type, title: `${verb} ${licence} cho ${who}`, matter: licence, who, frequency };
    }
    case "business_condition": {
      const holder = rng.pick(bound);
      return { type, title: `Điều kiện về ${condition} đối với ${holder}`, matter: condition, who: holder, frequency };
    }
    case "reporting_regime": {
      const report = rng.pick(profile.reports);
      return { type, title: `Chế độ báo cáo ${frequency} về ${report}`, matter: report, who, frequency };
    }
    case "specialized_inspection": {
      const goods = rng.pick(profile.goods);
      const check = rng.pick(["Kiểm tra nhà nước về chất lượng", "Kiểm tra chuyên ngành"]);
      return { type, title: `${check} đối với ${goods} nhập khẩu`, matter: goods, who, frequency };
    }
    case "technical_standard": {
      if (profile.goods.length && (profile.standards.length === 0 || rng.chance(0.4))) {
        const goods = rng.pick(profile.goods);
        return { type, title: `Yêu cầu chứng nhận hợp quy đối với ${goods}`, matter: goods, who, frequency };
      }
      const standard = rng.pick(profile.standards);
      return { type, title: `Quy chuẩn kỹ thuật quốc gia về ${standard}`, matter: standard, who, frequency };
    }
    case "other": {
      const title = rng.pick([
        `Yêu cầu nộp bản sao có chứng thực giấy tờ trong hồ sơ của ${who}`,
        `Yêu cầu lưu giữ hồ sơ giấy tại trụ sở của ${who}`,
        `Yêu cầu niêm yết công khai thông tin tại trụ sở của ${who}`,
        `Thời hạn hiệu lực của ${licence} cấp cho ${who}`,
      ]);
      return { type, title, matter: licence, who, frequency };
    }
  }
}

function abolition(rng: Random, profile: MinistryProfile, subject: Subject, provision: string, document: string): string {
  const { type, matter, who } = subject;
  switch (type) {
    case "administrative_procedure":
      return rng.pick([
        "Bãi bỏ thủ tục; thông tin cần thiết được khai thác từ cơ sở dữ liệu quốc gia và cơ sở dữ liệu chuyên ngành",
        `Bãi bỏ thủ tục, thay bằng việc ${who} thông báo trực tuyến cho ${profile.province}`,
      ]);
    case "business_condition":
      return rng.pick([`Bãi bỏ điều kiện về ${matter}`, `Bãi bỏ điều kiện về ${matter}; cơ quan quản lý tăng cường kiểm tra sau khi cơ sở đi vào hoạt động`]);
    case "reporting_regime":
      return rng.pick([
        `Bãi bỏ chế độ báo cáo; số liệu được khai thác trực tiếp từ hệ thống thông tin của ${rng.pick(profile.departments)}`,
        "Bãi bỏ chế độ báo cáo do trùng với nội dung báo cáo thống kê định kỳ",
      ]);
    case "specialized_inspection":
      return `Bãi bỏ kiểm tra chuyên ngành đối với ${matter}; doanh nghiệp tự công bố và chịu trách nhiệm về chất lượng`;
    case "technical_standard":
      return "Bãi bỏ quy chuẩn; áp dụng tiêu chuẩn quốc gia (TCVN) tương đương trên cơ sở tự nguyện";
    case "other":
      return `Bãi bỏ quy định tại ${provision} ${document}`;
  }
}

function simplification(rng: Random, subject: Subject): string {
  const { type, matter, frequency } = subject;
  switch (type) {
    case "administrative_procedure": {
      const days = rng.int(10, 30);
      return rng.pick([
        `Cắt giảm thành phần hồ sơ: bỏ ${rng.pick(PAPERS)}; rút ngắn thời hạn giải quyết từ ${days} xuống ${Math.ceil(days / 2)} ngày làm việc`,
        "Thực hiện thủ tục trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia; trả kết quả bản điện tử",
        `Kéo dài thời hạn hiệu lực của ${matter} từ ${rng.int(2, 3)} năm lên 5 năm`,
      ]);
    }
    case "business_condition":
      return rng.pick([
        `Giảm yêu cầu về ${matter}; chỉ áp dụng đối với cơ sở có quy mô lớn`,
        `Cho phép đáp ứng yêu cầu về ${matter} bằng hình thức thuê hoặc hợp đồng dịch vụ`,
      ]);
    case "reporting_regime":
      return frequency === "hằng năm"
        ? `Giảm số chỉ tiêu báo cáo từ ${rng.int(20, 40)} xuống ${rng.int(8, 15)}; nộp qua Hệ thống thông tin báo cáo quốc gia`
        : `Giảm tần suất báo cáo từ ${frequency.replace("định kỳ ", "")} xuống hằng năm; thống nhất mẫu báo cáo điện tử`;
    case "specialized_inspection":
      return rng.pick([
        "Chuyển từ kiểm tra trước thông quan sang kiểm tra sau thông quan đối với doanh nghiệp chấp hành tốt pháp luật",
        `Miễn kiểm tra đối với lô hàng cùng loại đã đạt yêu cầu ${rng.int(2, 3)} lần liên tiếp; áp dụng quản lý rủi ro`,
      ]);
    case "technical_standard":
      return "Giảm số chỉ tiêu phải thử nghiệm; chấp nhận kết quả thử nghiệm của tổ chức nước ngoài đã được thừa nhận";
    case "other":
      return rng.pick(["Cho phép nộp bản sao điện tử; bỏ yêu cầu chứng thực", "Bỏ yêu cầu lưu giữ hồ sơ giấy; cho phép lưu trữ điện tử"]);
  }
}

/** The "Nội dung cắt giảm, đơn giản hóa" text: what the proposal would change. */
function proposedChange(rng: Random, profile: MinistryProfile, action: ProposalAction, subject: Subject, provision: string, document: string): string {
  switch (action) {
    case "abolish":
      return abolition(rng, profile, subject, provision, document);
    case "simplify":
      return simplification(rng, subject);
    case "amend":
      return `Sửa đổi ${provision} theo hướng ${rng.pick(DIRECTIONS[subject.type])}`;
    case "replace":
      return REPLACEMENTS[subject.type];
    case "decentralize": {
      const department = rng.pick(profile.departments);
      return rng.pick([
        `Phân cấp thẩm quyền giải quyết từ ${department} cho ${profile.province}`,
        `Phân cấp cho Ủy ban nhân dân cấp tỉnh quyết định; ${department} hướng dẫn, kiểm tra`,
      ]);
    }
  }
}

function provisionFor(rng: Random): string {
  const article = rng.int(3, 72);
  const form = rng.weighted([
    ["article", 55],
    ["clause", 35],
    ["point", 10],
  ] as const);
  if (form === "article") return `Điều ${article}`;
  const clause = `khoản ${rng.int(1, 6)} Điều ${article}`;
  return form === "clause" ? clause : `điểm ${rng.pick(["a", "b", "c", "d", "đ"])} ${clause}`;
}

/** A cost as ministries round it: three significant digits, whole millions of đồng. */
function roundCost(value: number): number {
  const step = Math.max(1_000_000, 10 ** (Math.floor(Math.log10(value)) - 2));
  return Math.round(value / step) * step;
}

function costs(rng: Random, type: RegulationType, action: ProposalAction): { before: number; after: number } {
  const [low, high] = COST_RANGE[type];
  const before = roundCost(Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low))));
  const [least, most] = COST_LEFT[action];
  const share = least + rng.next() * (most - least);
  const after = action === "abolish" && rng.chance(0.7) ? 0 : Math.min(before, roundCost(Math.max(1_000_000, before * share)));
  return { before, after };
}

/** A timeline as ministries write it, falling in `year`. */
function timelineIn(rng: Random, year: number): string {
  return rng.weighted([
    [`Năm ${year}`, 40],
    [`Quý ${rng.pick(ROMAN)}/${year}`, 35],
    [`Tháng ${rng.pick([3, 6, 9, 12])}/${year}`, 15],
    [`30/06/${year}`, 10],
  ]);
}

function dueOf(timeline: string): string | null {
  const parsed = parseTimeline(timeline);
  return parsed.ok ? parsed.dueOn : null;
}

/** Decisions that can approve an agency's proposal for this action. */
function decisionsFor(decisions: DecisionSpec[], agency: SeedAgency, action: ProposalAction): DecisionSpec[] {
  const own = decisions.filter((d) => d.kind === "reduction_plan" && d.agencies.includes(agency.code));
  if (action !== "decentralize") return own;
  // The decentralization plan covers every ministry that existed when it was signed.
  const existed = (d: DecisionSpec) => (!agency.activeFrom || agency.activeFrom <= d.signedOn) && (!agency.activeTo || agency.activeTo >= d.signedOn);
  return [...own, ...decisions.filter((d) => d.kind === "decentralization_plan" && d.agencies.length === 0 && existed(d))];
}

/** The statuses of `size` proposals in the shares above, in random order. */
function statusDeck(rng: Random, size: number): ProposalStatus[] {
  const deck: ProposalStatus[] = [];
  for (const [status, share] of STATUS_SHARES) deck.push(...Array<ProposalStatus>(Math.round(share * size)).fill(status));
  deck.push(...Array<ProposalStatus>(Math.max(0, size - deck.length)).fill("approved"));
  for (let i = deck.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [deck[i], deck[j]] = [deck[j] ?? "approved", deck[i] ?? "approved"];
  }
  return deck;
}

export function generateProposals(rng: Random, agencies: Map<string, SeedAgency>, decisions: DecisionSpec[]): ProposalSpec[] {
  const proposals: ProposalSpec[] = [];
  const active = MINISTRIES.filter((m) => !agencies.get(m.code)?.activeTo);
  const deck = statusDeck(rng, active.reduce((sum, m) => sum + m.proposals, 0));
  const procedureCodes = new Set<string>();
  for (const profile of MINISTRIES) {
    const agency = agencies.get(profile.code);
    if (!agency) throw new Error(`Demo ministry ${profile.code} is not in agencies.csv`);
    const titles = new Set<string>();
    for (let n = 1; n <= profile.proposals; n++) {
      const type = rng.weighted(availableTypes(profile));
      const action = rng.weighted(ACTION_WEIGHTS[type]);
      let status = agency.activeTo ? rng.weighted(CLOSED_STATUS_WEIGHTS) : (deck.pop() ?? "approved");
      let decision: DecisionSpec | null = null;
      if (status === "approved") {
        const candidates = decisionsFor(decisions, agency, action);
        // A decentralization goes under the decentralization plan half of the time.
        const plan = candidates.find((d) => d.kind === "decentralization_plan");
        const reduction = candidates.filter((d) => d.kind === "reduction_plan");
        decision = plan && (reduction.length === 0 || rng.chance(0.5)) ? plan : reduction.length ? rng.pick(reduction) : null;
        if (!decision) status = "submitted";
      }

      const recent = !decision || decision.signedOn >= REORGANIZED_ON;
      const citable = citableBy(recent ? [...profile.documents, ...profile.inherited] : profile.documents, decision?.signedOn);
      // The first documents of a ministry's list hold most of its regulations.
      const document = rng.weighted((citable.length ? citable : profile.inherited).map((number, index) => [number, 1 / (index + 1)] as const));
      const provision = provisionFor(rng);

      let subject = subjectFor(rng, profile, type);
      for (let attempt = 0; attempt < 20 && titles.has(subject.title); attempt++) subject = subjectFor(rng, profile, type);
      titles.add(subject.title);

      let procedureCode = "";
      if (type === "administrative_procedure" && rng.chance(0.8)) {
        do procedureCode = `${rng.pick(["1", "2"])}.${String(rng.int(1000, 13999)).padStart(6, "0")}`;
        while (procedureCodes.has(procedureCode));
        procedureCodes.add(procedureCode);
      }

      const { before, after } = costs(rng, type, action);
      let timeline = "";
      if (decision && rng.chance(0.5)) timeline = timelineIn(rng, Number(decision.dueOn.slice(0, 4)));
      else if (!decision && ["draft", "submitted", "returned"].includes(status) && rng.chance(0.7)) timeline = timelineIn(rng, 2027);
      else if (!decision && rng.chance(0.4)) timeline = timelineIn(rng, agency.activeTo ? rng.int(2023, 2024) : rng.int(2025, 2026));

      const returnedFirst = status === "approved" && rng.chance(0.1);
      const comment =
        status === "returned" || returnedFirst
          ? rng.pick(RETURN_REASONS)
          : status === "rejected"
            ? rng.pick(REJECT_REASONS)
            : status === "withdrawn"
              ? rng.pick(WITHDRAW_REASONS)
              : null;
      proposals.push({
        key: `${profile.code}#${n}`,
        code: null,
        agency: profile.code,
        form: {
          agency: profile.code,
          regulation_type: type,
          title: subject.title,
          source_document: document,
          source_provision: provision,
          action,
          proposed_change: proposedChange(rng, profile, action, subject, provision, document),
          rationale: rng.pick(RATIONALES[action]),
          procedure_code: procedureCode,
          cost_before_vnd: formatVnd(before, "vi"),
          cost_after_vnd: formatVnd(after, "vi"),
          timeline,
        },
        sourceDocument: document,
        sourceProvision: provision,
        status,
        decision: decision?.number ?? null,
        dueOn: decision ? ((timeline ? dueOf(timeline) : null) ?? decision.dueOn) : null,
        returnedFirst,
        comment,
      });
    }
  }
  return proposals;
}
