"""The Kivy application: the citizen kiosk and the counter officer's desktop mode.

The only package that imports kivy. Call `kiosk.ui.runtime.prepare()` before anything imports
kivy: it chooses the text provider that shapes Thai and keeps Kivy from reading arguments or
writing logs and config into the user's home.
"""
