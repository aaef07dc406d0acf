/** The commitment mark's wording (policy: commitment-acceptance: 经办人书面承诺 accepted, and marked in the posting), the same wherever it is shown. */
export const COMMITMENT_NOTICE = {
  // biome-ignore format: Chinese text, split to keep each line within 160 bytes
  zh:
    '经办人书面承诺受理：该岗位的用人单位处于初创阶段或灵活用工，' +
    '凭经办人书面承诺受理，未经完整审核材料核验。',
  en: "Accepted on the handler's written commitment: a start-up or flexible employer, accepted on a written commitment instead of the full review documents.",
} as const;

export function commitmentNotice(commitmentAccepted: boolean | null | undefined): { zh: string; en: string } | null {
  return commitmentAccepted ? { ...COMMITMENT_NOTICE } : null;
}
