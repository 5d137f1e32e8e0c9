import type { Transaction } from "kysely";
import type { Actor } from "~/domain/permissions";
import type { DocumentStatus } from "~/domain/vocabulary";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { createDocument } from "~/services/legal-document.server";
import type { DB } from "../types";
import { parseInput } from "./forms";

export interface DocumentSpec {
  number: string;
  title: string;
  issuedOn: string;
  effectiveOn: string | null;
  /** Agency code of the lead agency when it was issued. */
  lead: string;
  status?: DocumentStatus;
}

// The register the demo proposals point at: the sample plan's documents and a few more per
// ministry. Numbers and titles follow real documents for realism; dates and the details the
// demo attaches to them are illustrative.
export const DEMO_DOCUMENTS: DocumentSpec[] = [
  // Bộ Y tế
  { lead: "BYT", number: "54/2017/NĐ-CP", title: "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Dược", issuedOn: "2017-05-08", effectiveOn: "2017-07-01" },
  { lead: "BYT", number: "15/2018/NĐ-CP", title: "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm", issuedOn: "2018-02-02", effectiveOn: "2018-02-02" },
  { lead: "BYT", number: "155/2018/NĐ-CP", title: "Nghị định sửa đổi, bổ sung một số quy định liên quan đến điều kiện đầu tư kinh doanh thuộc phạm vi quản lý nhà nước của Bộ Y tế", issuedOn: "2018-11-12", effectiveOn: "2018-11-12" },
  { lead: "BYT", number: "98/2021/NĐ-CP", title: "Nghị định về quản lý trang thiết bị y tế", issuedOn: "2021-11-08", effectiveOn: "2022-01-01" },
  { lead: "BYT", number: "32/2023/TT-BYT", title: "Thông tư quy định chi tiết một số điều của Luật Khám bệnh, chữa bệnh", issuedOn: "2023-12-31", effectiveOn: "2024-01-01" },
  // Bộ Tài chính
  { lead: "BTC", number: "08/2015/NĐ-CP", title: "Nghị định quy định chi tiết và biện pháp thi hành Luật Hải quan về thủ tục hải quan, kiểm tra, giám sát, kiểm soát hải quan", issuedOn: "2015-01-21", effectiveOn: "2015-03-15" },
  { lead: "BTC", number: "126/2020/NĐ-CP", title: "Nghị định quy định chi tiết một số điều của Luật Quản lý thuế", issuedOn: "2020-10-19", effectiveOn: "2020-12-05" },
  { lead: "BTC", number: "123/2020/NĐ-CP", title: "Nghị định quy định về hóa đơn, chứng từ", issuedOn: "2020-10-19", effectiveOn: "2022-07-01" },
  { lead: "BTC", number: "38/2015/TT-BTC", title: "Thông tư quy định về thủ tục hải quan; kiểm tra, giám sát hải quan; thuế xuất khẩu, thuế nhập khẩu và quản lý thuế đối với hàng hóa xuất khẩu, nhập khẩu", issuedOn: "2015-03-25", effectiveOn: "2015-04-01" },
  { lead: "BTC", number: "80/2021/TT-BTC", title: "Thông tư hướng dẫn thi hành một số điều của Luật Quản lý thuế và Nghị định số 126/2020/NĐ-CP", issuedOn: "2021-09-29", effectiveOn: "2022-01-01" },
  // Bộ Kế hoạch và Đầu tư (to 2025)
  { lead: "BKHĐT", number: "59/2020/QH14", title: "Luật Doanh nghiệp", issuedOn: "2020-06-17", effectiveOn: "2021-01-01" },
  { lead: "BKHĐT", number: "01/2021/NĐ-CP", title: "Nghị định về đăng ký doanh nghiệp", issuedOn: "2021-01-04", effectiveOn: "2021-01-04" },
  { lead: "BKHĐT", number: "31/2021/NĐ-CP", title: "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Đầu tư", issuedOn: "2021-03-26", effectiveOn: "2021-03-26" },
  { lead: "BKHĐT", number: "01/2021/TT-BKHĐT", title: "Thông tư hướng dẫn về đăng ký doanh nghiệp", issuedOn: "2021-03-16", effectiveOn: "2021-05-01" },
  { lead: "BKHĐT", number: "27/2018/QĐ-TTg", title: "Quyết định ban hành Hệ thống ngành kinh tế của Việt Nam", issuedOn: "2018-07-06", effectiveOn: "2018-08-20" },
  // Bộ Công Thương
  { lead: "BCT", number: "83/2014/NĐ-CP", title: "Nghị định về kinh doanh xăng dầu", issuedOn: "2014-09-03", effectiveOn: "2014-11-01" },
  { lead: "BCT", number: "113/2017/NĐ-CP", title: "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Hóa chất", issuedOn: "2017-10-09", effectiveOn: "2017-11-25" },
  { lead: "BCT", number: "09/2018/NĐ-CP", title: "Nghị định quy định chi tiết Luật Thương mại và Luật Quản lý ngoại thương về hoạt động mua bán hàng hóa và các hoạt động liên quan trực tiếp đến mua bán hàng hóa của nhà đầu tư nước ngoài, tổ chức kinh tế có vốn đầu tư nước ngoài tại Việt Nam", issuedOn: "2018-01-15", effectiveOn: "2018-01-15" },
  { lead: "BCT", number: "69/2018/NĐ-CP", title: "Nghị định quy định chi tiết một số điều của Luật Quản lý ngoại thương", issuedOn: "2018-05-15", effectiveOn: "2018-05-15" },
  { lead: "BCT", number: "98/2020/NĐ-CP", title: "Nghị định quy định xử phạt vi phạm hành chính trong hoạt động thương mại, sản xuất, buôn bán hàng giả, hàng cấm và bảo vệ quyền lợi người tiêu dùng", issuedOn: "2020-08-26", effectiveOn: "2020-10-15" },
  // Bộ Giao thông vận tải (to 2025)
  { lead: "BGTVT", number: "65/2016/NĐ-CP", title: "Nghị định quy định về điều kiện kinh doanh dịch vụ đào tạo lái xe ô tô và dịch vụ sát hạch lái xe", issuedOn: "2016-07-01", effectiveOn: "2016-07-01" },
  { lead: "BGTVT", number: "139/2018/NĐ-CP", title: "Nghị định quy định về kinh doanh dịch vụ kiểm định xe cơ giới", issuedOn: "2018-10-08", effectiveOn: "2018-10-08" },
  { lead: "BGTVT", number: "10/2020/NĐ-CP", title: "Nghị định quy định về kinh doanh và điều kiện kinh doanh vận tải bằng xe ô tô", issuedOn: "2020-01-17", effectiveOn: "2020-04-01" },
  { lead: "BGTVT", number: "12/2020/TT-BGTVT", title: "Thông tư quy định về tổ chức, quản lý hoạt động vận tải bằng xe ô tô và dịch vụ hỗ trợ vận tải đường bộ", issuedOn: "2020-05-29", effectiveOn: "2020-07-15" },
  // Bộ Xây dựng
  { lead: "BXD", number: "50/2014/QH13", title: "Luật Xây dựng", issuedOn: "2014-06-18", effectiveOn: "2015-01-01" },
  { lead: "BXD", number: "06/2021/NĐ-CP", title: "Nghị định quy định chi tiết một số nội dung về quản lý chất lượng, thi công xây dựng và bảo trì công trình xây dựng", issuedOn: "2021-01-26", effectiveOn: "2021-01-26" },
  { lead: "BXD", number: "15/2021/NĐ-CP", title: "Nghị định quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng", issuedOn: "2021-03-03", effectiveOn: "2021-03-03" },
  { lead: "BXD", number: "02/2022/NĐ-CP", title: "Nghị định quy định chi tiết một số điều của Luật Kinh doanh bất động sản", issuedOn: "2022-01-06", effectiveOn: "2022-03-01" },
  // Bộ Tài nguyên và Môi trường, Bộ Nông nghiệp và Phát triển nông thôn (to 2025)
  { lead: "BTNMT", number: "72/2020/QH14", title: "Luật Bảo vệ môi trường", issuedOn: "2020-11-17", effectiveOn: "2022-01-01" },
  { lead: "BTNMT", number: "08/2022/NĐ-CP", title: "Nghị định quy định chi tiết một số điều của Luật Bảo vệ môi trường", issuedOn: "2022-01-10", effectiveOn: "2022-01-10" },
  { lead: "BTNMT", number: "02/2022/TT-BTNMT", title: "Thông tư quy định chi tiết thi hành một số điều của Luật Bảo vệ môi trường", issuedOn: "2022-01-10", effectiveOn: "2022-01-10" },
  { lead: "BNNPTNT", number: "26/2019/NĐ-CP", title: "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Thủy sản", issuedOn: "2019-03-08", effectiveOn: "2019-03-08" },
  { lead: "BNNPTNT", number: "13/2020/NĐ-CP", title: "Nghị định hướng dẫn chi tiết Luật Chăn nuôi", issuedOn: "2020-01-21", effectiveOn: "2020-01-21" },
  // Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông (to 2025)
  { lead: "BKHCN", number: "132/2008/NĐ-CP", title: "Nghị định quy định chi tiết thi hành một số điều của Luật Chất lượng sản phẩm, hàng hóa", issuedOn: "2008-12-31", effectiveOn: "2009-02-01" },
  { lead: "BKHCN", number: "107/2016/NĐ-CP", title: "Nghị định quy định về điều kiện kinh doanh dịch vụ đánh giá sự phù hợp", issuedOn: "2016-07-01", effectiveOn: "2016-07-01" },
  { lead: "BKHCN", number: "28/2012/TT-BKHCN", title: "Thông tư quy định về công bố hợp chuẩn, công bố hợp quy và phương thức đánh giá sự phù hợp với tiêu chuẩn, quy chuẩn kỹ thuật", issuedOn: "2012-12-12", effectiveOn: "2013-02-01" },
  { lead: "BKHCN", number: "18/2019/QĐ-TTg", title: "Quyết định quy định việc nhập khẩu máy móc, thiết bị, dây chuyền công nghệ đã qua sử dụng", issuedOn: "2019-04-19", effectiveOn: "2019-06-15" },
  { lead: "BTTTT", number: "47/2011/NĐ-CP", title: "Nghị định quy định chi tiết thi hành một số nội dung của Luật Bưu chính", issuedOn: "2011-06-17", effectiveOn: "2011-08-01" },
  { lead: "BTTTT", number: "72/2013/NĐ-CP", title: "Nghị định về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng", issuedOn: "2013-07-15", effectiveOn: "2013-09-01" },
  // Bộ Giáo dục và Đào tạo
  { lead: "BGDĐT", number: "46/2017/NĐ-CP", title: "Nghị định quy định về điều kiện đầu tư và hoạt động trong lĩnh vực giáo dục", issuedOn: "2017-04-21", effectiveOn: "2017-04-21" },
  { lead: "BGDĐT", number: "86/2018/NĐ-CP", title: "Nghị định quy định về hợp tác, đầu tư của nước ngoài trong lĩnh vực giáo dục", issuedOn: "2018-06-06", effectiveOn: "2018-08-01" },
  // Bộ Tư pháp
  { lead: "BTP", number: "23/2015/NĐ-CP", title: "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch", issuedOn: "2015-02-16", effectiveOn: "2015-04-10" },
  { lead: "BTP", number: "123/2015/NĐ-CP", title: "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", issuedOn: "2015-11-15", effectiveOn: "2016-01-01" },
  { lead: "BTP", number: "04/2020/TT-BTP", title: "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP", issuedOn: "2020-05-28", effectiveOn: "2020-07-16" },
  // Ngân hàng Nhà nước Việt Nam
  { lead: "NHNN", number: "32/2024/QH15", title: "Luật Các tổ chức tín dụng", issuedOn: "2024-01-18", effectiveOn: "2024-07-01" },
  { lead: "NHNN", number: "52/2024/NĐ-CP", title: "Nghị định quy định về thanh toán không dùng tiền mặt", issuedOn: "2024-05-15", effectiveOn: "2024-07-01" },
  { lead: "NHNN", number: "39/2014/TT-NHNN", title: "Thông tư hướng dẫn về dịch vụ trung gian thanh toán", issuedOn: "2014-12-11", effectiveOn: "2015-03-01" },
  // Bộ Văn hóa, Thể thao và Du lịch
  { lead: "BVHTTDL", number: "168/2017/NĐ-CP", title: "Nghị định quy định chi tiết một số điều của Luật Du lịch", issuedOn: "2017-12-31", effectiveOn: "2018-01-01" },
  { lead: "BVHTTDL", number: "54/2019/NĐ-CP", title: "Nghị định quy định về kinh doanh dịch vụ karaoke, dịch vụ vũ trường", issuedOn: "2019-06-19", effectiveOn: "2019-09-01" },
  { lead: "BVHTTDL", number: "144/2020/NĐ-CP", title: "Nghị định quy định về hoạt động nghệ thuật biểu diễn", issuedOn: "2020-12-14", effectiveOn: "2021-01-01" },
  // Bộ Công an
  { lead: "BCA", number: "96/2016/NĐ-CP", title: "Nghị định quy định điều kiện về an ninh, trật tự đối với một số ngành, nghề đầu tư kinh doanh có điều kiện", issuedOn: "2016-07-01", effectiveOn: "2016-07-01" },
  { lead: "BCA", number: "136/2020/NĐ-CP", title: "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Phòng cháy và chữa cháy và Luật sửa đổi, bổ sung một số điều của Luật Phòng cháy và chữa cháy", issuedOn: "2020-11-24", effectiveOn: "2021-01-10" },
  { lead: "BCA", number: "24/2023/TT-BCA", title: "Thông tư quy định về cấp, thu hồi đăng ký, biển số xe cơ giới", issuedOn: "2023-07-01", effectiveOn: "2023-08-15" },
  // Bộ Lao động - Thương binh và Xã hội (to 2025), now Bộ Nội vụ
  { lead: "BLĐTBXH", number: "69/2020/QH14", title: "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng", issuedOn: "2020-11-13", effectiveOn: "2022-01-01" },
  { lead: "BLĐTBXH", number: "145/2020/NĐ-CP", title: "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Bộ luật Lao động về điều kiện lao động và quan hệ lao động", issuedOn: "2020-12-14", effectiveOn: "2021-02-01" },
  { lead: "BLĐTBXH", number: "152/2020/NĐ-CP", title: "Nghị định quy định về người lao động nước ngoài làm việc tại Việt Nam và tuyển dụng, quản lý người lao động Việt Nam làm việc cho tổ chức, cá nhân nước ngoài tại Việt Nam", issuedOn: "2020-12-30", effectiveOn: "2021-02-15" },
];

const ISSUED_ON = new Map(DEMO_DOCUMENTS.map((document) => [document.number, document.issuedOn]));

/** A plan cites a document issued at least this long before the decision approving it. */
const PLANNING_DAYS = 180;

/**
 * Of these document numbers, those a plan approved on `signedOn` can cite: issued long enough
 * before it (a document outside the demo register has no date to hold against it). Pending
 * plans (no decision) can cite any.
 */
export function citableBy(numbers: readonly string[], signedOn: string | null | undefined): string[] {
  if (!signedOn) return [...numbers];
  const cutoff = new Date(Date.parse(`${signedOn}T00:00:00Z`) - PLANNING_DAYS * 86_400_000).toISOString().slice(0, 10);
  return numbers.filter((number) => (ISSUED_ON.get(number) ?? "") <= cutoff);
}

/** Records a document in the register through the document service; returns its id. */
export function createDemoDocument(trx: Transaction<DB>, actor: Actor, spec: DocumentSpec): Promise<number> {
  const input = parseInput(
    LegalDocumentSchema,
    {
      number: spec.number,
      title: spec.title,
      issued_on: spec.issuedOn,
      effective_on: spec.effectiveOn ?? "",
      status: spec.status ?? "in_force",
      lead_agency: spec.lead,
    },
    `document ${spec.number}`,
  );
  return createDocument(trx, actor, input);
}
