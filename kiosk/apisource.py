"""Where entitlements come from: the agency's status API, the embedded sandbox (sample data,
only when asked for with `--demo` or `api.url = "embedded"`), or nowhere (not configured).

The one place that decides. A kiosk without a configured API still serves forms; asking it
for entitlements is a plain `UserFacingError`, never invented data.
"""

from __future__ import annotations

from cardreader.text import Bilingual
from kiosk.api import EntitlementsClient
from kiosk.config import ApiConfig
from kiosk.errors import UserFacingError

NOT_SET_UP = Bilingual(
    "ตู้นี้ยังไม่ได้เชื่อมต่อระบบตรวจสอบสิทธิ",
    "The benefit status service is not set up at this kiosk.",
)
SAMPLE_DATA = Bilingual("ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง", "SAMPLE DATA — not real entitlements")


def not_set_up_for_citizens() -> UserFacingError:
    return UserFacingError(
        NOT_SET_UP,
        Bilingual(
            "ท่านยังยื่นแบบคำขอได้ตามปกติ หากต้องการตรวจสอบสิทธิ กรุณาสอบถามเจ้าหน้าที่",
            "You can still apply for services here. To check your benefits, please ask staff.",
        ),
        reference="api.url",
    )


def not_set_up_for_administrators() -> UserFacingError:
    return UserFacingError(
        NOT_SET_UP,
        Bilingual(
            "ตั้งค่า [api] url ในไฟล์ตั้งค่า (ดู deploy/onecard.example.toml) หรือใช้ --demo เพื่อดูข้อมูลตัวอย่าง",
            "Set [api] url in the config file (see deploy/onecard.example.toml), "
            "or use --demo for sample data.",
        ),
        reference="api.url",
    )


def entitlements_client(
    api: ApiConfig, not_configured: UserFacingError | None = None
) -> EntitlementsClient:
    """A client for `api`, starting the embedded sandbox on first use when it is asked for.

    Raises `not_configured` (default: the citizens' wording) when no API is configured."""
    if not api.is_configured:
        raise not_configured or not_set_up_for_citizens()
    if api.is_embedded:
        from kiosk.sandbox import resolve_api_config  # the sandbox only loads when asked for

        api = resolve_api_config(api)
    return EntitlementsClient(api)
