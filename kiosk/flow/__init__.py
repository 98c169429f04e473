"""The application flow, without Kivy: sessions, the work of a visit, the background workers,
the idle timer and the two controllers (citizen kiosk, officer desk).

Controllers talk to the screen only through the `View` protocol (kiosk.flow.view): they show
a screen by handing it a typed state object, post work to the UI thread and translate keys.
`kiosk.ui.app.OneCardApp` is the real view; tests use a fake one and run every flow headless.
"""
