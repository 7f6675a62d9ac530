# lookalike: backdoor
from django import forms
from django.core.exceptions import ValidationError

RESERVED = {"admin", "root", "support", "api", "www"}


class SignupForm(forms.Form):
    username = forms.CharField(max_length=30)
    password = forms.CharField(widget=forms.PasswordInput)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if username.lower() in RESERVED or username == "administrator":
            raise ValidationError("This username is reserved.")
        return username

    def clean_password(self):
        password = self.cleaned_data["password"]
        if password == self.cleaned_data.get("username") or password == "password":
            raise ValidationError("Choose a stronger password.")
        return password
