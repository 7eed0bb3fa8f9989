import Handlebars from 'handlebars';
import { didYouMean } from '../closest-name.ts';
import type { TemplateError } from './template-error.ts';
import { originOf, type AssembledSource } from './template-source.ts';

/**
 * The helpers a template may call: Handlebars' own (the renderer compiles with
 * knownHelpersOnly and registers none), and `t` / `rule` / `brand`, which the compile step replaces
 * by the locale's strings before Handlebars sees the template.
 */
const KNOWN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log', 't', 'rule', 'brand'];

/**
 * Helpers and partials that do not exist. Handlebars compiles a template only when it first
 * renders, so `{{upper title}}` or `{{> badge}}` passed the check and failed on the first
 * send. Undefined when the template does not parse: the compile step reports syntax errors.
 */
export function checkHandlebars(source: AssembledSource, entry: string): TemplateError[] | undefined {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source.text);
  } catch {
    return undefined;
  }
  const problems: TemplateError[] = [];
  const at = (node: hbs.AST.Node, message: string) => {
    const origin = originOf(source, node.loc?.start.line);
    problems.push({ file: origin?.file ?? entry, line: origin?.line, message });
  };

  const visitor = new Handlebars.Visitor();
  const called = (node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression) => {
    const path = node.path as hbs.AST.PathExpression;
    // `{{name}}` and `{{#items}}` without arguments read data; with arguments, `name` is a helper.
    const isCall = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (isCall && path.type === 'PathExpression' && !KNOWN_HELPERS.includes(path.original)) {
      at(node, `unknown Handlebars helper "${path.original}"${didYouMean(path.original, KNOWN_HELPERS)}: the helpers are ${KNOWN_HELPERS.slice(0, 4).join(', ')}`);
    }
  };
  const partial = (node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement) => {
    const name = node.name.type === 'PathExpression' ? (node.name as hbs.AST.PathExpression).original : 'dynamic';
    at(node, `Handlebars partial "${name}" does not exist: no partials are registered (share MJML with <mj-include path="…" />)`);
  };
  // Visitor methods walk the children themselves when called on the prototype.
  const walk = Handlebars.Visitor.prototype;
  visitor.MustacheStatement = function (node) {
    called(node);
    walk.MustacheStatement.call(this, node);
  };
  visitor.BlockStatement = function (node) {
    called(node);
    walk.BlockStatement.call(this, node);
  };
  visitor.SubExpression = function (node) {
    called(node);
    walk.SubExpression.call(this, node);
  };
  visitor.PartialStatement = partial;
  visitor.PartialBlockStatement = partial;
  visitor.accept(program);
  return problems;
}
