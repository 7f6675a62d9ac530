# expect: secrets
from openai import OpenAI

client = OpenAI(api_key="sk-proj-yx4Ag8SsaxTmknuj64AXT3BlbkFJ6VM2ewMuBY6rfNcAKEIO")


def summarize(text: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Summarize:\n{text}"}],
    )
    return completion.choices[0].message.content
