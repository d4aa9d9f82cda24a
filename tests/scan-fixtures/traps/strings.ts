// Strings, template literals and regular expressions that only look like comments:
// every use after them is still found.
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
const opener = "/*"; // a string, not a block comment
const batch = await client.messages.batches.create({ requests: [] }); // expect: batch-api
const slashes = /\/\//g; // a regular expression, not a line comment
const upload = await client.beta.files.upload({ file: blob }); // expect: files-api
const path = `${base}/* not a comment ${"//"} */`;
const skill = await client.beta.skills.create({ display_title: "x" }); // expect: skills
const half = total / 2; const more = /* a real comment: client.messages.batches.create( */ 1;
const quoted = "zdr: ignore"; await client.messages.batches.list(); // expect: batch-api
/* A block comment
   client.beta.files.upload({ file }) is only described here.
*/
const nested = `outer ${`inner ${client.messages.batches.create({ requests: [] })}`}`; // expect: batch-api
if (ready) /[/*]/.test(name); // a regular expression after a condition, not a division
await client.messages.batches.cancel(batch.id); // expect: batch-api
const ratio = (done + 1) / 2; const half = ratio / 2; // divisions
await client.beta.files.delete(id); // zdr: ignore (deleted at once; TICKET-1)
