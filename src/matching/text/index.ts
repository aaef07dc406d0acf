/**
 * Text features for matching: import from here.
 * - `Tokenizer` (jieba + natural, mixed Chinese/English), `normalise`
 * - `SkillVocabulary`, `SKILLS`, `TITLE_HEADS`, `titleHead` (domain vocabulary)
 * - `TfidfModel`, `Bm25Model` (vectorisers / scorers over token lists)
 * - `SparseVector`, `cosine`, `dot`, `topKSimilar`, `similarityMatrix` (batch similarity)
 * - `TextSimilarity` (ready-made skills/text similarity between two free texts)
 */
export { Tokenizer, normalise } from './Tokenizer.ts';
export { SkillVocabulary, SKILLS, TITLE_HEADS, titleHead, type Skill } from './SkillVocabulary.ts';
export { TfidfModel, type TfidfOptions } from './TfidfModel.ts';
export { Bm25Model, type Bm25Options } from './Bm25Model.ts';
export { cosine, dot, norm, l2normalise, sparseFromMap, EMPTY_VECTOR, type SparseVector } from './SparseVector.ts';
export { topKSimilar, similarityMatrix, type Neighbour, type TopKOptions } from './topKSimilar.ts';
export { TextSimilarity } from './TextSimilarity.ts';
export { SparseIndex, type Hit } from './SparseIndex.ts';
