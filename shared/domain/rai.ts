// RAI scales recorded with a service needs assessment (interRAI HC / LTCF, THL). The workstation records the
// scores produced by the RAI system; it checks each against its range.
export const RAI_SCALES = {
  maple5: { label: 'MAPLe_5', min: 1, max: 5 },
  cps: { label: 'CPS', min: 0, max: 6 },
  adlh: { label: 'ADLH', min: 0, max: 6 },
  iadlch: { label: 'IADLCH', min: 0, max: 6 },
  drs: { label: 'DRS', min: 0, max: 14 },
  chess: { label: 'CHESS', min: 0, max: 5 },
} as const;
export type RaiScale = keyof typeof RAI_SCALES;
export const RAI_KEYS = Object.keys(RAI_SCALES) as RaiScale[];

export type RaiScores = Record<RaiScale, number | null>;

/** A Finnish reason when the score is not a whole number in the scale's range, else null. */
export function raiRangeError(scale: RaiScale, value: number): string | null {
  const { label, min, max } = RAI_SCALES[scale];
  if (!Number.isInteger(value) || value < min || value > max) return `${label} on ${value}, mutta sen pitää olla kokonaisluku välillä ${min}–${max}.`;
  return null;
}

export const ASSESSMENT_METHODS = ['home_visit', 'phone', 'hospital', 'reception'] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];
export const SERVICE_LEVELS = ['green', 'yellow', 'red'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];
