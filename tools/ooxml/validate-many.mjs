// The Open XML SDK's schema validator (@ooxml-tools/validate, .NET compiled to WASM) over
// many files in one process: starting the WASM runtime costs seconds, validating a file
// a fraction of that. Prints one JSON object: each path -> the validator's errors.
//   node tools/ooxml/validate-many.mjs FILE.docx [FILE.docx ...]
import { readFile } from "fs/promises";
import validate, { getFileFormatFromName } from "@ooxml-tools/validate";

const verdicts = {};
for (const path of process.argv.slice(2)) {
  const results = await validate(await readFile(path), getFileFormatFromName(path), "Microsoft365");
  verdicts[path] = results;
}
console.log(JSON.stringify(verdicts));
process.exit(0);
