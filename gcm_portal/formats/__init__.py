"""The portal's own date formats, where Django's differ from United Nations usage.

Django looks here first (FORMAT_MODULE_PATH) and takes what a module does not
set from its own formats; Spanish keeps Django's "25 de enero de 2027".
"""
