/** What every occupation coder answers for one free-text title: the best codes, best first. */
export interface CodedOccupation {
  code: string;
  name: string;
  score: number;
}

export interface TitleCoder {
  readonly name: string;
  /** Identifies the method and what it was fitted on, saved beside the codes it finds (migration 008). */
  readonly version?: string;
  code(title: string, top?: number): CodedOccupation[];
  /** Optional: get ready to code many titles (batch work such as embedding them in one go). */
  prepare?(titles: readonly string[]): void;
}
