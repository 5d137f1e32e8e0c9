import { agencyMessages } from "./agency";
import { amendmentMessages } from "./amendment";
import { decisionMessages } from "./decision";
import { documentMessages } from "./document";
import { historyMessages } from "./history";
import { proposalMessages } from "./proposal";
import { userMessages } from "./user";

// Field and page labels of each record, one file per record, combined here into the one area the
// messages (app/i18n/index.ts) spread: proposal, document, amendment, decision, agency, user, history.
export const records = {
  vi: {
    ...proposalMessages.vi,
    ...documentMessages.vi,
    ...amendmentMessages.vi,
    ...decisionMessages.vi,
    ...agencyMessages.vi,
    ...userMessages.vi,
    ...historyMessages.vi,
  },
  en: {
    ...proposalMessages.en,
    ...documentMessages.en,
    ...amendmentMessages.en,
    ...decisionMessages.en,
    ...agencyMessages.en,
    ...userMessages.en,
    ...historyMessages.en,
  },
};
