import type { ContractFile, ContractSet, MethodDecl, ServiceDecl } from '@warren/codegen';
import { CliError } from '../cli-error.js';

/** A service with the contract file that declares it. */
export interface FoundService {
  readonly file: ContractFile;
  readonly service: ServiceDecl;
}

/** A method with its service and contract file. */
export interface FoundMethod extends FoundService {
  readonly method: MethodDecl;
}

/** Every service of the contract set, in file order. */
export function allServices(contracts: ContractSet): FoundService[] {
  return contracts.files.flatMap((file) => file.services.map((service) => ({ file, service })));
}

/**
 * Finds a service by its short name (`Calculator`) or fully qualified name
 * (`calculator.v1.Calculator`). A short name two packages share is ambiguous.
 */
export function findService(contracts: ContractSet, name: string): FoundService {
  const services = allServices(contracts);
  const exact = services.filter((s) => s.service.fullName === name);
  const matches = exact.length > 0 ? exact : services.filter((s) => s.service.tsName === name || lastSegment(s.service.fullName) === name);
  if (matches.length === 1) return matches[0]!;
  const known = services.map((s) => s.service.fullName);
  if (matches.length > 1) {
    throw new CliError(
      `service "${name}" is ambiguous: ${matches.map((m) => m.service.fullName).join(', ')}\n` +
        `Name it fully, for example "${matches[0]!.service.fullName}".`,
    );
  }
  throw new CliError(
    `no service "${name}" in the contracts\n` +
      (known.length > 0 ? `Expected one of: ${known.join(', ')}` : 'The contracts declare no service.'),
  );
}

/**
 * Finds a method from `Service.Method`, `package.Service.Method` or `package.Service/Method`
 * (grpcurl's form). Method names match the contract (`Calculate`) or TypeScript (`calculate`).
 */
export function findMethod(contracts: ContractSet, ref: string): FoundMethod {
  const slash = ref.lastIndexOf('/');
  const dot = ref.lastIndexOf('.');
  const cut = slash >= 0 ? slash : dot;
  if (cut <= 0 || cut === ref.length - 1) {
    throw new CliError(
      `expected a method as Service.Method or package.Service/Method, got "${ref}"\n` +
        `For example: warren call Calculator.Calculate '{"n": 21}'`,
    );
  }
  const { file, service } = findService(contracts, ref.slice(0, cut));
  const name = ref.slice(cut + 1);
  const method = service.methods.find((m) => m.name === name) ?? service.methods.find((m) => m.tsName === name);
  if (!method) {
    throw new CliError(
      `service ${service.fullName} has no method "${name}" (from "${ref}")\n` +
        `Expected one of: ${service.methods.map((m) => m.name).join(', ') || '(it has no methods)'}`,
    );
  }
  return { file, service, method };
}

function lastSegment(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}
