"""Qt-free content shared by the consult note, the copied summary and the application's words."""
