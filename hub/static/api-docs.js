// Starts Swagger UI on the API documentation page (a file, because the page allows no inline script).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: false,
    // "Try it out" cannot sign requests with a station's key; the page is for reading.
    supportedSubmitMethods: [],
    validatorUrl: null,
  });
});
