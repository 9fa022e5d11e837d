/** Options of `toJson` / `toJsonString` of a protobuf message (ProtoJSON). */
export interface ToJsonOptions {
  /** Deepest nesting of messages and JSON values written; default 100 (`DEFAULT_MAX_DEPTH`). */
  readonly maxDepth?: number;
  /** `toJsonString` only: indent the text by this many spaces; default none (one line). */
  readonly indent?: number;
}

/** Options of `fromJson` / `fromJsonString` of a protobuf message (ProtoJSON). */
export interface FromJsonOptions {
  /**
   * Skip JSON fields the message does not declare, and enum names it does not know (the
   * field keeps its default), instead of failing. Default false, as in protobuf-es and
   * Python's `json_format.Parse`: a misspelled field is an error naming it.
   */
  readonly ignoreUnknownFields?: boolean;
  /** Deepest nesting of messages and JSON values read; default 100 (`DEFAULT_MAX_DEPTH`). */
  readonly maxDepth?: number;
}
