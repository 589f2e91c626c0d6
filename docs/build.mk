# docs/build.mk: man pages are installed as written (see INSTALL_MAN1).
