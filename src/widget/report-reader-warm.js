// report-reader's warm-up worker, started by report-reader.js as it runs and sent the compiled
// module once the page has it (or ended unsent, where a mount is already waiting for the module:
// that mount runs the same code at once). It instantiates that module and runs what a
// mount computes without a page (`warmUpCore`: parsing, the glossary, matching, the markup) on a
// sample report. The browser compiles a WebAssembly function on its first call, and a module's
// compiled code is shared by the page and its workers: the page's first report then finds that
// code compiled, without its main thread having paid for it. Nothing here touches the page, its
// storage or the network (the glue is imported from where report-reader.js found it).
//
// Messages in: first { glue: URL of report_reader.js }, as soon as report-reader.js has run (the
// glue is imported while the page's .wasm downloads and compiles); then { module:
// WebAssembly.Module, text, glossary, runs } once the page has compiled the module.
// Message out: { ok: true, ms } or { ok: false, error }; the page then ends the worker (or ends
// it before, where the module could not load).
let glue = null;
self.onmessage = async ({ data }) => {
  if (data.glue) {
    // Imported at once, while the page's .wasm is still downloading; a failure is reported
    // with the run below.
    glue = import(data.glue);
    glue.catch(() => {});
    return;
  }
  const start = performance.now();
  try {
    const g = await glue;
    await g.default({ module_or_path: data.module });
    for (let i = 0; i < data.runs; i++) g.warmUpCore(data.text, data.glossary);
    self.postMessage({ ok: true, ms: performance.now() - start });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error?.message ?? error) });
  }
};
