# lookalike: unicode
MESSAGES = {
    "en": "Your order has shipped.",
    "fr": "Votre commande a été expédiée.",
    "de": "Ihre Bestellung wurde versandt.",
    "ja": "ご注文の商品を発送しました。",
    "ar": "تم شحن طلبك.",
    "he": "ההזמנה שלך נשלחה.",
    "ru": "Ваш заказ отправлен.",
}


def shipped_message(locale: str) -> str:
    return MESSAGES.get(locale.split("-")[0], MESSAGES["en"])
