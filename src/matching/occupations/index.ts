/**
 * Occupation coding (national occupational classification, 2022 edition): import from here.
 * - `OccupationTaxonomy.load(dir)` reads the classification from the configured taxonomy
 *   directory (throws a ConfigError with code TAXONOMY_MISSING when it is absent: callers that
 *   can live without coding catch that and use the codes already on the records).
 * - `OccupationCoder.fit(taxonomy.occupations).code(title, top)` → `{ code, name, score }[]`.
 * - `groupOf(code, level)`, `isOccupationCode(code)`: the hierarchy of codes (for proximity:
 *   same code > same small group (3) > same middle group (2) > same major group (1)).
 * - `evaluateOccupations`, `holdoutSplit`, `CharBigramBaseline`: the evaluation.
 */
export { OccupationTaxonomy } from './OccupationTaxonomy.ts';
export { OccupationCoder, DEFAULT_CODER_OPTIONS, PRIOR_WEIGHTS, type CoderOptions } from './OccupationCoder.ts';
export { OccupationFeatures, FEATURES, DEFAULT_FEATURE_OPTIONS, type FeatureName, type FeatureOptions } from './OccupationFeatures.ts';
export { ConditionalLogit } from './ConditionalLogit.ts';
export { SoftmaxClassifier } from './SoftmaxClassifier.ts';
export { CharBigramBaseline } from './CharBigramBaseline.ts';
export { groupOf, isOccupationCode, splitMarkers, type Occupation } from './Occupation.ts';
export { holdoutSplit, type HeldOutTitle } from './holdoutSplit.ts';
export { evaluateOccupations, type OccupationEvalOptions, type OccupationEvalResult } from './evaluateOccupations.ts';
export type { CodedOccupation, TitleCoder } from './TitleCoder.ts';
export { codeTitlesCsv } from './codeTitlesCsv.ts';
export { fitOccupationCoder, loadOccupationCoder } from './loadOccupationCoder.ts';
