#!/bin/sh
# Calls of the API from the shell.
curl https://api.anthropic.com/v1/messages/batches \
  -H "x-api-key: $ANTHROPIC_API_KEY" # expect-above-1: batch-api
curl "https://api.anthropic.com/v1/files" -H "anthropic-beta: files-api-2025-04-14" # expect: files-api files-api
curl "$ANTHROPIC_BASE_URL/v1/skills" # expect: skills
curl https://api.anthropic.com/v1/messages -d '{"model": "m", "max_tokens": 1, "messages": []}'
curl https://api.anthropic.com/v1/messages/count_tokens -d '{}'
# curl https://api.anthropic.com/v1/files is described in a comment only.
curl https://api.openai.com/v1/files
