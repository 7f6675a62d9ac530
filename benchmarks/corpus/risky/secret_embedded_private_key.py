# expect: secrets
import jwt

SIGNING_KEY = """-----BEGIN RSA PRIVATE KEY-----
mJh91FMtm5txWN7EvmLY7A1+Aza6RKGweejaCx834F4OEI4b1pFnAOWRXl2CwhVU
MgOrTJI1p/69sIG/b0fIs1CJBfeizCN8zd2HlJFV7/fst6WeBT0kAVYD1gSazluK
mC5UDz7nGCa0RHbyo0gm/ZY1z+Ss+ib+87n9MO0Ds2fsnK+xo09V7eZh47PFV3j1
RViXBGlPFeoT9Qo+cYJgBMr2LZiv4j9qWmw93IO8YdSmIFyiQzuugERs5L4/GORy
66hIYobNYU8UQMjpkNeqJwEf4w/GDN4QoQHUzggL/QDhcBugfhRDrRll74sfyBKl
ptguNWPaPRjU7voOuJjYJZ+SORk4RrdoUK++PqnR9jkivBPNw430qmFTCrPX9GpW
mj7YG7hpErNLuxV9GLgu8jqkkfqHjp3i5KX/eXbu5guer0BJkGfkB+zTcaHzwO+u
qYRg2ss++zxNZUuNQZagjENT3Bj2d8g/qgJfe5/4C58uJiOsKb/v1Cp1rlKIRtgl
HLVcSvqjhZB3PTeNHP9HGSGhAadD/Jz3rU0tNzdRDLArPDOROBnQqlk+/lcBqgm3
7Vws2wpacOoNttMJT6a9NAIDWEFFCWWVjsOJMpKYgeIdeAVQu751pXav/DPSKeYg
QSpbuqOea4ggFHoJlgNU+EHkzFSpMpSV88xEffNb5dKxr9mqUxlK4SyLfr2sDl9P
dGOSuqNOFM26t0NF8wB8VDaSBTaGfQd2FSfcUvhgPaDT9K02kFjUZsH1/TgfpePp
pwczt9a3oSpnF67WW5AGpse1xl7ztrVf
-----END RSA PRIVATE KEY-----"""


def issue_token(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, SIGNING_KEY, algorithm="RS256")
