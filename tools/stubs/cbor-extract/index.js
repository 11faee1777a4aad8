// wirekit keeps cbor-x on its pure-JS path in every runtime; see package.json.
throw new Error("cbor-extract is disabled in wirekit");
