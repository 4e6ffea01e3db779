"""Production publishing: post-process a built site, then deploy it.

A production build (``publishconf.py``) is post-processed in place by
``publishing.postprocess.postprocess``: theme assets get content-hashed names,
host files (``_headers``, ``_redirects``, ``_nginx/redirects.map``) are written
from ``urls.json``, and every text file gets ``.gz`` and ``.br`` beside it. The
deploy targets (``rsync``, ``github_pages``, ``rclone``) then copy that folder.
Nothing here imports Pelican: the package reads the built files and the
settings dictionary it is given.
"""
