import Anthropic from "@anthropic-ai/sdk";
import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk"; // expect: faq-bedrock-vertex faq-bedrock-vertex
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod"; // expect: structured-outputs

const client = new Anthropic({
  apiKey: "from-the-proxy",
  dangerouslyAllowBrowser: true, // expect: cors
});

const batch = await client.messages.batches.create({ requests: [] }); // expect: batch-api
const file = await client.beta.files.upload({ file: blob }); // expect: files-api
await client.beta.files.retrieveMetadata(file.id); // expect: files-api
const skill = await client.beta.skills.create({ display_title: "x" }); // expect: skills

const reply = await client.beta.messages.create({
  model: "claude-sonnet-4-5",
  max_tokens: 1024,
  messages: [],
  context_management: { edits: [] }, // eligible now: not reported
  output_config: { format: zodOutputFormat(schema) }, // expect: structured-outputs structured-outputs
});

await client.messages.create({
  model: "claude-sonnet-4-5",
  max_tokens: 1024,
  system: [{ type: "text", text: "...", cache_control: { type: "ephemeral" } }], // eligible now: not reported
  messages: [],
});

await fetch("https://api.anthropic.com/v1/messages", {
  headers: { "anthropic-dangerous-direct-browser-access": "true" }, // expect: cors
});

const chained = await client
  .messages
  .batches
  .retrieve(batch.id); // expect-above-2: batch-api

const fable = await client.messages.create({ model: "claude-fable-5", max_tokens: 1, messages: [] }); // expect: model-requirements
await fetch("https://api.anthropic.com/v1/organizations/tunnels"); // expect: mcp-tunnels
const env = await client.beta.environments.retrieve("env_1"); // expect: managed-agents
