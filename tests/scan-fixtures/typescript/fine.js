// Ordinary code: nothing to report.
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({ dangerouslyAllowBrowser: false });
// client.messages.batches.create({ requests: [] }) is what we moved away from.
/* A block comment: client.beta.files.upload({ file }) and
   "anthropic-dangerous-direct-browser-access" are described here. */
const files = [];
files.push("a.txt");
const message = await client.messages.create({ model: "m", max_tokens: 1, messages: [] });
const count = await client.messages.countTokens({ model: "m", messages: [] });
const text = "Split the rows into batches; upload the files later.";
const url = "https://api.openai.com/v1/files";
