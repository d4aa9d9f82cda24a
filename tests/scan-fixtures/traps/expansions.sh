#!/bin/bash
# Expansions and heredocs that only look like comments.
count=${#files[@]}; curl https://api.anthropic.com/v1/messages/batches # expect: batch-api
word=a#b; curl "https://api.anthropic.com/v1/files" # expect: files-api
echo "$#" && curl "$ANTHROPIC_BASE_URL/v1/skills" # expect: skills
python3 - <<'PY'
# in the heredoc: Python's comment, but shell's data
import anthropic
anthropic.Anthropic().messages.batches.create(requests=[]) # expect: batch-api
PY
curl https://api.anthropic.com/v1/files # zdr: ignore (a listing, nothing uploaded; TICKET-3)
echo "zdr: ignore"; curl https://api.anthropic.com/v1/messages/batches # expect: batch-api
tag="$(git describe "--match=v#*")"; curl https://api.anthropic.com/v1/messages/batches # expect: batch-api
