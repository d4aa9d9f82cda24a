"""Strings that only look like comments: every use after them is still found."""

import anthropic

client = anthropic.Anthropic()
hash_in_a_string = "#"; client.messages.batches.create(requests=[])  # expect: batch-api
template = """
# a line of a string, not a comment
"""
client.beta.files.upload(file=open("a.txt", "rb"))  # expect: files-api
note = "zdr: ignore"; client.beta.skills.create(display_title="x")  # expect: skills
client.messages.batches.list()  # zdr: ignore (a list, nothing sent; TICKET-2)
