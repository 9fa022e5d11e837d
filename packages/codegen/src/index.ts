/**
 * @warren/codegen: contracts (.proto, TypeScript interfaces) in, typed TypeScript out.
 * Parsers produce the IR in `ir/`; emitters read only the IR.
 */
export { generate, parseContracts, type GenerateOptions, type GenerateResult, type GeneratedFile } from './generate.js';
export { checkGenerated, writeGenerated, type StaleReport } from './write-generated.js';
export { findContracts } from './find-contracts.js';
export { ContractError, ContractErrors } from './ir/contract-error.js';
export { formatLocation, type SourceLocation } from './ir/source-location.js';
/** The naming rules of generated code, for tools that name things after it (`warren scaffold`). */
export { kebab, lowerFirst, serviceNames, type ServiceNames } from './ir/names.js';
export type * from './ir/contract.js';
export type * from './ir/type-ref.js';
