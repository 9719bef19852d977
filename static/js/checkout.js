// Checkout: show the shipping and the total for the method chosen (the server decides the
// real amounts when the order is placed; without this script the page shows the default's).
(function () {
  "use strict";
  var select = document.getElementById("shipping_method");
  var totals = document.getElementById("checkout-totals");
  if (!select || !totals) { return; }
  var subtotal = parseInt(totals.getAttribute("data-subtotal"), 10);
  function money(cents) {
    var dollars = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "$" + dollars + "." + String(cents % 100).padStart(2, "0");
  }
  function update() {
    var option = select.options[select.selectedIndex];
    var shipping = option ? parseInt(option.getAttribute("data-price"), 10) || 0 : 0;
    document.getElementById("shipping-amount").textContent = money(shipping);
    document.getElementById("checkout-total").textContent = money(subtotal + shipping);
  }
  select.addEventListener("change", update);
  update();
}());
