/**
 * `node --import ./bench/module-trace.mjs ...`: appends the URL of every module the program loads to the
 * file named by SECURE_AKS_MODULE_TRACE, one per line. Used to prove which packages a command loads.
 */
import { register } from 'node:module';

const out = process.env.SECURE_AKS_MODULE_TRACE;
if (out) {
  register(
    `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(out)}, result.url + "\\t" + (context.parentURL ?? "") + "\\n");
  return result;
}`)}`,
  );
}
