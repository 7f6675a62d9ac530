# expect: secrets
import anthropic

client = anthropic.Anthropic(api_key="sk-ant-api03-aPeAU5moHH5F-grANC-aBcnwDDOOAZvw6d3eK3pxFkhJA5uFyeUhwksU8dSaNrFWv5SRclfFhhqCmzhp59yZk4d6-GlThAA")


def ask(prompt: str) -> str:
    msg = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=512, messages=[{"role": "user", "content": prompt}])
    return msg.content[0].text
