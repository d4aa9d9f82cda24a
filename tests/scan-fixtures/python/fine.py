"""Eligible calls and ordinary code: nothing to report."""

import anthropic

client = anthropic.Anthropic()

# Process the rows in batches of 100 and keep the files we need.
files = []
files.append("report.pdf")
batches = [files[i : i + 100] for i in range(0, len(files), 100)]
skills = {"python": 3}
context_management = "manual"  # a variable of our own, not the API parameter
cache_control = None

message = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=[])
count = client.messages.count_tokens(model="claude-sonnet-4-5", messages=[])
client.messages.create(model="m", max_tokens=1, messages=[], output_config={"effort": "high"})

# client.messages.batches.create(requests=[]) was too slow for us.
note = "We do not use the Batch API or the Files API here."
client.messages.batches.create(requests=[])  # zdr: ignore (reviewed: this service has no ZDR arrangement)
openai_files = "https://api.openai.com/v1/files"
proxied = "https://gateway.internal/v1/files"
docs = "see /v1/filesystem"
