# lookalike: download-and-execute
import requests


class WeatherClient:
    def __init__(self, api_key: str, base_url: str = "https://api.open-meteo.com/v1") -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.params = {"apikey": api_key}

    def forecast(self, lat: float, lon: float) -> dict:
        resp = self.session.get(
            f"{self.base_url}/forecast", params={"latitude": lat, "longitude": lon}, timeout=10
        )
        resp.raise_for_status()
        return resp.json()
