// Shows the message the widget was opened for.
document.addEventListener('placard:ready', (event) => {
  document.getElementById('out').textContent = event.detail.options.1️⃣messageId;
});
