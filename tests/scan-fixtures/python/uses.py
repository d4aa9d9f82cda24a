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
    context_management={"edits": [{"type": "clear_tool_uses_20250919"}]},  # eligible now: not reported
    betas=["context-management-2025-06-27"],  # eligible now: not reported
)

client.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    system=[{"type": "text", "text": "...", "cache_control": {"type": "ephemeral"}}],  # eligible now: not reported
    messages=[],
    output_config={"format": {"type": "json_schema", "schema": {}}},  # expect: structured-outputs
)
parsed = client.messages.parse(model="claude-sonnet-4-5", max_tokens=1, messages=[], output_format=dict)  # expect: structured-outputs structured-outputs

bedrock = AnthropicBedrock()  # expect: faq-bedrock-vertex
headers = {"anthropic-beta": "files-api-2025-04-14"}  # expect: files-api
url = "https://api.anthropic.com/v1/messages/batches"  # expect: batch-api

run = client.beta.messages.create(
    model="claude-mythos-5",  # expect: model-requirements
    max_tokens=1024,
    messages=[],
    tools=[{"type": "code_execution_20250825", "name": "code_execution"}],  # expect: code-execution
    mcp_servers=[{"type": "url", "url": "https://mcp.example.com", "name": "x"}],  # expect: mcp-connector
    betas=["mcp-client-2025-11-20", "cache-diagnosis-2026-04-07"],  # expect: mcp-connector cache-diagnostics
)
tool = {"name": "lookup", "allowed_callers": ["code_execution_20260120"]}  # expect: programmatic-tool-calling code-execution
agent = client.beta.agents.create(name="x", model="claude-sonnet-4-5")  # expect: managed-agents
session = client.beta.sessions.create(agent=agent.id)  # expect: managed-agents
client.beta.tunnels.list()  # expect: mcp-tunnels
