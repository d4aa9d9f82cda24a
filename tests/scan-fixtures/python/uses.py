"""Uses of what ZDR does not cover, each line marked with what it must report."""

import anthropic
from anthropic import AnthropicBedrock, AnthropicVertex  # expect: faq-bedrock-vertex faq-bedrock-vertex

client = anthropic.Anthropic()

batch = client.messages.batches.create(requests=[])  # expect: batch-api
client.beta.messages.batches.results(batch.id)  # expect: batch-api
for item in client.messages.batches.list(limit=10):  # expect: batch-api
    print(item)

uploaded = client.beta.files.upload(file=open("report.pdf", "rb"))  # expect: files-api
client.files.retrieve_metadata(uploaded.id)  # expect: files-api
client.beta.skills.create(display_title="x", files=[])  # expect: skills
client.beta.skills.versions.list("skill_1")  # expect: skills

response = client.beta.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    messages=[],
    context_management={"edits": [{"type": "clear_tool_uses_20250919"}]},  # expect: context-management
    betas=["context-management-2025-06-27"],  # expect: context-management
)

client.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    system=[{"type": "text", "text": "...", "cache_control": {"type": "ephemeral"}}],  # expect: prompt-caching
    messages=[],
    output_config={"format": {"type": "json_schema", "schema": {}}},  # expect: structured-outputs
)
parsed = client.messages.parse(model="claude-sonnet-4-5", max_tokens=1, messages=[], output_format=dict)  # expect: structured-outputs structured-outputs

bedrock = AnthropicBedrock()  # expect: faq-bedrock-vertex
headers = {"anthropic-beta": "files-api-2025-04-14"}  # expect: files-api
url = "https://api.anthropic.com/v1/messages/batches"  # expect: batch-api
