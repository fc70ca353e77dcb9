"""The build engine, as three stages through which data flows one way.

- :mod:`~briefgen.engine.plan`: which outputs, each current, stale (and why) or
  blocked, decided from what each output read when it was last made
  (:mod:`~briefgen.engine.inputs` evaluates those inputs again, without rendering);
- :mod:`~briefgen.engine.run`: the stale ones rendered in a pool of workers
  (:mod:`~briefgen.engine.pool`, :mod:`~briefgen.engine.worker`), every read
  recorded (:mod:`~briefgen.engine.recording`);
- :mod:`~briefgen.engine.record`: results, and the state
  (:mod:`~briefgen.engine.state`) that remembers what each output read.

:mod:`~briefgen.engine.build` runs the three; :mod:`~briefgen.engine.report`
and :mod:`~briefgen.engine.watch` speak to the user.
"""
