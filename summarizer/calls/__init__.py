"""A model call over HTTP: the OpenAI client and instructor (``client``), the SDK's chat
request as a template (``posting``), the call log and answer cache (``transport``), the
retries (``retry``) and the connection pool (``network``), outermost first."""
