"""A model call over HTTP: the OpenAI client and instructor (``client``), the SDK's chat
request as a template (``posting``), the call log and answer cache (``transport``), the
retries (``retry``) and the connections (``network``: plain HTTP on asyncio streams for
``http://`` endpoints, ``plain_http``; httpx's pool for the others), outermost first; and
an answer's JSON, parsed once for all of them (``answer_json``)."""
