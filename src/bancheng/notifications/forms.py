from __future__ import annotations

from django import forms

from bancheng.notifications.models import GatewaySettings


class TemplateForm(forms.Form):
    subject = forms.CharField(label="标题（站内消息与邮件）", max_length=200, required=False)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}))


class GatewaySettingsForm(forms.ModelForm):
    sms_url = forms.URLField(label="网关地址", required=False, assume_scheme="https")
    sms_secret = forms.CharField(
        label="签名密钥",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="留空则保留原密钥",
    )

    class Meta:
        model = GatewaySettings
        fields = [
            "sms_kind",
            "sms_url",
            "sms_secret",
            "sms_body_template",
            "sms_body_format",
            "sms_sender",
            "sms_timeout_seconds",
            "email_enabled",
        ]
        widgets = {"sms_body_template": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("sms_kind") == "http" and not data.get("sms_url"):
            self.add_error("sms_url", "使用 HTTP 短信网关时请填写网关地址")
        timeout = data.get("sms_timeout_seconds")
        if timeout is not None and not 1 <= timeout <= 60:
            self.add_error("sms_timeout_seconds", "超时应在 1 到 60 秒之间")
        return data
