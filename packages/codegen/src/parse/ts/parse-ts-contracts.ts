import path from 'node:path';
import type { InterfaceDeclaration, SourceFile } from 'ts-morph';
import type { ContractFile, MethodDecl, ServiceDecl } from '../../ir/contract.js';
import { checkGeneratedNames } from '../../ir/check-generated-names.js';
import { ContractError, ContractErrors, inReadingOrder } from '../../ir/contract-error.js';
import { upperFirst } from '../../ir/names.js';
import { CONTRACT_LIB, CONTRACT_LIB_PATH } from './contract-lib.js';
import { loadTsMorph, Node } from './load-ts-morph.js';
import { checkDocTags } from './check-doc-tags.js';
import { namespaceOf, readDoc, TsSource } from './ts-source.js';
import { TsTypeMapper } from './ts-type-mapper.js';

/** Methods of the generated client class; a contract method of the same name would clash. */
const CLIENT_MEMBERS = new Set(['close', 'stats', 'constructor']);

/**
 * Parses TypeScript-interface contracts (paths relative to `contractsDir`) into IR files, one
 * per input. A service is an exported interface whose members are all methods taking one
 * request and returning a Promise; its messages are the types those reach, across imports.
 * @throws ContractErrors listing every problem with file:line:column.
 */
export function parseTsContracts(contractsDir: string, files: readonly string[]): ContractFile[] {
  if (files.length === 0) return [];
  const { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } = loadTsMorph();
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: ScriptTarget.ES2022,
      module: ModuleKind.ESNext,
      moduleResolution: ModuleResolutionKind.Bundler,
      noEmit: true,
      skipLibCheck: true,
      // The few globals a contract may name come from contract-lib.ts: binding TypeScript's
      // lib and every @types package cost seconds per run and told the mapper nothing more.
      noLib: true,
      types: [],
    },
    skipAddingFilesFromTsConfig: true,
    skipLoadingLibFiles: true,
  });
  project.createSourceFile(CONTRACT_LIB_PATH, CONTRACT_LIB);
  const sources = files.map((f) => project.addSourceFileAtPath(path.resolve(contractsDir, f)));
  project.resolveSourceFileDependencies();
  const errors: ContractError[] = [];
  const source = new TsSource(contractsDir, files);
  const mapper = new TsTypeMapper(source, errors);
  // A file TypeScript cannot parse would be read wrongly: it gets only its syntax errors, and
  // its services are not read. The other files are checked in full, as tsc would.
  const broken = new Set<string>();
  for (const sf of sources) {
    for (const d of project.getProgram().getSyntacticDiagnostics(sf)) {
      const { line, column } = sf.getLineAndColumnAtPos(d.getStart() ?? 0);
      const text = d.getMessageText();
      const message = typeof text === 'string' ? text : text.getMessageText();
      errors.push(new ContractError({ file: source.file(sf), line, column }, `TypeScript syntax error: ${message}`));
      broken.add(source.file(sf));
    }
  }
  const syntaxErrors = errors.length;
  const services = new Map<string, ServiceDecl[]>();
  for (const sf of sources) if (!broken.has(source.file(sf))) services.set(source.file(sf), servicesOf(sf, mapper));
  const types = mapper.declarationsByFile();
  for (const file of files) checkGeneratedNames(types.get(file) ?? [], services.get(file) ?? [], errors);
  if (errors.length > 0) {
    // What a readable file reaches inside a broken one was parsed past an error: only its syntax errors count.
    throw new ContractErrors(inReadingOrder(errors.filter((e, i) => i < syntaxErrors || !broken.has(e.location.file)), files));
  }
  return files.map((file) => ({
    path: file,
    syntax: 'ts',
    encoding: 'json',
    package: '',
    types: types.get(file) ?? [],
    services: services.get(file) ?? [],
  }));
}

function servicesOf(sf: SourceFile, mapper: TsTypeMapper): ServiceDecl[] {
  const result: ServiceDecl[] = [];
  for (const iface of sf.getInterfaces()) {
    // An interface with any property is a message (its methods are then rejected as functions).
    if (!iface.isExported() || iface.getMethods().length === 0 || iface.getProperties().length > 0) continue;
    const service = serviceOf(iface, mapper);
    if (service) result.push(service);
  }
  return result;
}

function serviceOf(iface: InterfaceDeclaration, mapper: TsTypeMapper): ServiceDecl | undefined {
  const name = iface.getName();
  const doc = readDoc(iface);
  const report = (node: Node, problem: string) => void mapper.error(node, problem);
  checkDocTags(doc, 'service', name, report);
  // Tag errors are recorded and the service is still read, so its methods' errors show too.
  const pkgTag = doc.tags.get('package');
  let pkg = pkgTag?.text || namespaceOf(mapper.source.file(iface));
  if (pkgTag && !/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(pkgTag.text)) {
    mapper.error(pkgTag.node, `@package ${pkgTag.text} on ${name} is not a dotted name: write e.g. \`@package users.v1\``);
    pkg = namespaceOf(mapper.source.file(iface));
  }
  const fullName = `${pkg}.${name}`;
  const queueTag = doc.tags.get('queue');
  if (queueTag && !/^[\w.:-]{1,255}$/.test(queueTag.text)) {
    mapper.error(queueTag.node, `@queue "${queueTag.text}" on ${name} is not a queue name: write e.g. \`@queue users.v1\` (letters, digits, . _ : -)`);
  }
  for (const member of iface.getMembers()) {
    if (!Node.isMethodSignature(member)) {
      mapper.error(member, `service ${name} may only have methods like \`getUser(request: GetUserRequest): Promise<User>;\`: remove this member`);
    }
  }
  if (iface.getTypeParameters().length > 0 || iface.getExtends().length > 0) {
    return mapper.error(iface.getNameNode(), `service ${name} must be a plain interface (no type parameters, no extends): list its methods directly`);
  }
  const methods: MethodDecl[] = [];
  for (const m of iface.getMethods()) {
    const method = methodOf(m, name, fullName, mapper);
    if (method) methods.push(method);
  }
  // `UserService` generates UserClient, UserHandlers, serveUser and the UserService descriptor.
  const tsName = name.length > 'Service'.length && name.endsWith('Service') ? name.slice(0, -'Service'.length) : name;
  return { fullName, tsName, queue: queueTag?.text || fullName, methods, doc: doc.text, location: mapper.source.locate(iface) };
}

function methodOf(
  m: ReturnType<InterfaceDeclaration['getMethods']>[number],
  service: string,
  serviceFullName: string,
  mapper: TsTypeMapper,
): MethodDecl | undefined {
  const name = m.getName();
  const doc = readDoc(m);
  const tagErrors = mapper.errors.length;
  checkDocTags(doc, 'method', `${service}.${name}`, (node, problem) => void mapper.error(node, problem));
  const timeout = doc.tags.get('timeoutMs');
  let timeoutMs: number | undefined;
  if (timeout) {
    timeoutMs = Number(timeout.text);
    if (!/^[1-9][0-9]*$/.test(timeout.text) || !Number.isSafeInteger(timeoutMs)) {
      mapper.error(timeout.node, `@timeoutMs "${timeout.text}" on ${service}.${name} is not a positive whole number of milliseconds: write e.g. \`@timeoutMs 5000\``);
    }
  }
  const idempotent = doc.tags.get('idempotent');
  if (idempotent?.text) {
    mapper.error(idempotent.node, `@idempotent on ${service}.${name} takes no value: write \`@idempotent\` alone`);
  }
  const shape = `\`${name}(request: ${upperFirst(name)}Request): Promise<${upperFirst(name)}Reply>;\``;
  if (CLIENT_MEMBERS.has(name)) return mapper.error(m, `method ${service}.${name} clashes with the generated client's \`${name}\`: rename it`);
  if (m.hasQuestionToken() || m.getTypeParameters().length > 0) {
    return mapper.error(m, `method ${service}.${name} must be required and not generic: write ${shape}`);
  }
  const params = m.getParameters();
  const param = params[0];
  const paramType = param?.getTypeNode();
  if (params.length !== 1 || !paramType || param!.hasQuestionToken() || param!.isRestParameter()) {
    return mapper.error(m, `method ${service}.${name} must take exactly one request parameter: write ${shape}`);
  }
  const ret = m.getReturnTypeNode();
  // `Promise<Reply>`: unary; `AsyncIterable<Reply>`: server streaming (a stream of replies).
  const ref = ret && Node.isTypeReference(ret) ? ret : undefined;
  const wrapper = ref?.getTypeName().getText();
  const promiseOf = (wrapper === 'Promise' || wrapper === 'AsyncIterable') && ref!.getTypeArguments().length === 1 ? ref!.getTypeArguments()[0] : undefined;
  if (!promiseOf) {
    return mapper.error(ret ?? m, `method ${service}.${name} must return a Promise of its reply: write ${shape}`);
  }
  const owner = `${service}_${upperFirst(name)}`;
  const request = mapper.map(paramType, `request of ${service}.${name}`, `${owner}Request`);
  const response = mapper.map(promiseOf, `reply of ${service}.${name}`, `${owner}Reply`);
  for (const [ref, node] of [[request, paramType], [response, promiseOf]] as const) {
    if (ref && ref.kind !== 'message' && ref.kind !== 'alias') {
      mapper.error(node, `\`${node.getText()}\` (${service}.${name}) must be a named interface or type alias, so it has a codec: write ${shape}`);
      return undefined;
    }
  }
  if (!request || !response || mapper.errors.length > tagErrors) return undefined;
  return {
    name,
    tsName: name,
    fullName: `${serviceFullName}.${name}`,
    request,
    response,
    idempotent: idempotent !== undefined,
    kind: wrapper === 'AsyncIterable' ? 'serverStream' : 'unary',
    timeoutMs,
    doc: doc.text,
    location: mapper.source.locate(m),
  };
}
