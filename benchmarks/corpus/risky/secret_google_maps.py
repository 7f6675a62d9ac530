# expect: secrets
import googlemaps

gmaps = googlemaps.Client(key="AIza1OxT-8QY4-3BMDogiSTRIiP9LJm7R04ZhbG")


def geocode(address: str):
    return gmaps.geocode(address)
