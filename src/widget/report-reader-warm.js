// report-reader's warm-up worker, started by report-reader.js once the WebAssembly module has
// loaded. It instantiates the same compiled module (sent to it by the page) and runs what a
// mount computes without a page (`warmUpCore`: parsing, the glossary, matching, the markup) on a
// sample report. The browser compiles a WebAssembly function on its first call, and a module's
// compiled code is shared by the page and its workers: the page's first report then finds that
// code compiled, without its main thread having paid for it. Nothing here touches the page, its
// storage or the network (the glue is imported from where report-reader.js found it).
//
// Message in: { module: WebAssembly.Module, glue: URL of report_reader.js, text, glossary, runs }.
// Message out: { ok: true, ms } or { ok: false, error }; the page then ends the worker.
self.onmessage = async ({ data }) => {
  const start = performance.now();
  try {
    const glue = await import(data.glue);
    await glue.default({ module_or_path: data.module });
    for (let i = 0; i < data.runs; i++) glue.warmUpCore(data.text, data.glossary);
    self.postMessage({ ok: true, ms: performance.now() - start });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error?.message ?? error) });
  }
};
