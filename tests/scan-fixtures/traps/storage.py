"""Another service's SDK: a top-level `files` or `skills` call counts only in a
file that imports an Anthropic SDK."""

from google import genai

client = genai.Client()
client.files.upload(file="a.txt")
client.files.list()
client.skills.create(name="x")
