// Starts Swagger UI on /api/docs. A file of its own: the shop's CSP allows no inline script.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    // No call-outs to swagger.io's online validator: everything comes from this shop.
    validatorUrl: null,
    persistAuthorization: false,
  });
})();
