"""Project attachments (issue #18 part 4): a document store per project with types,
versions, content checks, a virus-scan hook, retention and submission with a document.

``filetypes`` decides by content what a file is, ``virusscan`` asks ClamAV, ``store`` holds
the rules and use cases (who may, versions, retention), ``demo`` the KEMPEN-HAM files."""
