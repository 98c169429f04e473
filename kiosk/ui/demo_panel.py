"""The embedded default's stand-in for a card slot: buttons (and keys 1-9, 0) that insert a
demo citizen's card or take it out."""

from __future__ import annotations

from typing import Any

from kivy.core.window import Window
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.textinput import TextInput

from cardreader.emulator import list_profiles


class DemoPanel(BoxLayout):
    slot = ObjectProperty(None)

    def _typing(self) -> bool:
        window = self.get_root_window()
        tops = window.children if window is not None else []
        return any(
            isinstance(widget, TextInput) and widget.focus for top in tops for widget in top.walk()
        )

    def on_kv_post(self, base_widget: Any) -> None:
        for number, profile_id in enumerate(list_profiles(), start=1):
            button = Button(text=f"{number} {profile_id}", font_size="20sp")
            button.bind(on_release=lambda _b, pid=profile_id: self.slot.insert(pid))
            self.ids.citizens.add_widget(button)
        Window.bind(on_key_down=self._key)

    def _key(
        self, _window: Any, key: int, _scancode: int, codepoint: str | None, _mods: Any
    ) -> bool:
        if self._typing():
            return False  # digits typed into a field are the field's, not a card's
        profiles = list_profiles()
        if codepoint == "0":
            self.slot.remove()
            return True
        if codepoint and codepoint.isdigit() and int(codepoint) <= len(profiles):
            self.slot.insert(profiles[int(codepoint) - 1])
            return True
        return False
