/* Material for MkDocs' inline content script (partials/javascripts/content.html)
 * as a file: opens the content tab a #fragment points at. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
})();
