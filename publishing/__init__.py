"""Production publishing: post-process a built site, then deploy it.

``invoke publish`` builds with ``publishconf.py`` and hands
``publishing.postprocess.postprocess`` to ``sitebuild.build`` as its ``finish``
step, so the site is post-processed in the build's staging folder before it
replaces the published one: host files (``_headers``, ``_redirects``,
``_nginx/redirects.conf``) are written from ``urls.json``, and every text file
gets ``.gz`` and ``.br`` beside it. A failure there fails the build and leaves
the previous site as it was. The deploy targets (``rsync``, ``github_pages``,
``rclone``) then copy the output folder. Nothing here imports Pelican: the
package reads the built files and the settings dictionary it is given.
"""
