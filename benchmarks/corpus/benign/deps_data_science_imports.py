# lookalike: dependencies
import cv2
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
import yaml
from bs4 import BeautifulSoup
from dateutil import parser as dateparser
from PIL import Image
from sklearn.model_selection import train_test_split


def summary(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, parse_dates=["when"], date_parser=dateparser.parse)
    train, test = train_test_split(frame, test_size=0.2, random_state=0)
    sns.histplot(train["value"])
    plt.savefig("hist.png")
    return test.describe()


def thumbnail(path: str) -> np.ndarray:
    img = Image.open(path).convert("RGB")
    return cv2.resize(np.asarray(img), (64, 64))


def page_title(html: str, config_text: str) -> str:
    config = yaml.safe_load(config_text)
    return BeautifulSoup(html, "html.parser").title.string or config.get("default_title", "")
