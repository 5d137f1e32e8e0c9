import { defineMessages } from "../define";

// The search box in the header and the search page it leads to.
export const search = defineMessages(
  {
    search: {
      title: "Tìm kiếm",
      box: "Tìm đề xuất, văn bản, quyết định",
      placeholder: "Mã, nội dung, số văn bản…",
      submit: "Tìm",
      // the words searched for, as typed: Vietnamese, like the records they find
      resultsFor: "Kết quả tìm kiếm cho “<vi>{{q}}</vi>”",
      // <vi>: the examples are Vietnamese in both languages (DataMessage)
      intro: "Gõ có hoặc không dấu; mỗi từ phải khớp với đầu một từ trong hồ sơ (ví dụ “<vi>thu tuc hanh</vi>” tìm thấy “<vi>thủ tục hành chính</vi>”, “<vi>đăng kí</vi>” tìm thấy “<vi>đăng ký</vi>”). Số văn bản gõ kiểu nào cũng được: <vi>15/2018/nd-cp, 15 / 2018 / NĐ-CP, 15/2018, nđ-cp 15/2018</vi>.",
      empty: "Nhập từ khóa (có chữ hoặc số) để tìm trong đề xuất, văn bản và quyết định.",
      none: "Không tìm thấy đề xuất, văn bản hay quyết định nào phù hợp.",
      proposals: "Phương án",
      documents: "Văn bản",
      decisions: "Quyết định",
      count: "{{count}} kết quả",
      showing: "Hiện {{shown}} kết quả phù hợp nhất trong {{count}}.",
      noneInGroup: "Không có kết quả.",
      seeAll: "Xem tất cả {{count}} kết quả trong danh sách",
      matchedIn: "Khớp trong “{{field}}”:",
      source: "Văn bản quy định",
    },
  },
  {
    search: {
      title: "Search",
      box: "Search proposals, documents and decisions",
      placeholder: "Code, text, document number…",
      submit: "Search",
      resultsFor: "Search results for “<vi>{{q}}</vi>”",
      intro: "Type with or without Vietnamese diacritics; each word must match the start of a word in the record (“<vi>thu tuc hanh</vi>” finds “<vi>thủ tục hành chính</vi>”, “<vi>đăng kí</vi>” finds “<vi>đăng ký</vi>”). Document numbers may be typed any way: <vi>15/2018/nd-cp, 15 / 2018 / NĐ-CP, 15/2018, nđ-cp 15/2018</vi>.",
      empty: "Type a word (with letters or digits) to search proposals, documents and decisions.",
      none: "No proposal, document or decision matches.",
      proposals: "Proposals",
      documents: "Legal documents",
      decisions: "Decisions",
      count: "{{count}} results",
      showing: "Showing the {{shown}} best matches of {{count}}.",
      noneInGroup: "No results.",
      seeAll: "See all {{count}} results in the list",
      matchedIn: "Matched in “{{field}}”:",
      source: "Legal document",
    },
  },
);
